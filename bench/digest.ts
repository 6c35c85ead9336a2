/** Digest scaling: filled in once the digest job exists. */
export async function benchDigest(_out: (s?: string) => void, _quick: boolean): Promise<void> {}
