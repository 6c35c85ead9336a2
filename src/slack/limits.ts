/** Block Kit limits the bot builds within (PLATFORM.md). */
export const LIMITS = {
  modalTitle: 24,
  modalBlocks: 100,
  messageBlocks: 50,
  sectionText: 3000,
  sectionField: 2000,
  header: 150,
  optionText: 75,
  optionValue: 150,
  privateMetadata: 3000,
  inputMaxLength: 3000,
  contextElements: 10,
  buttonValue: 2000,
  inputLabel: 2000,
  placeholder: 150,
} as const;
