import { Counter, Gauge, type Registry } from 'prom-client';

/** Backup and retention metrics, on the bot's registry. */
export function createOpsMetrics(registry: Registry) {
  return {
    backups: new Counter({
      name: 'prodsec_backups_total',
      help: 'Database backups by outcome (ok, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    lastBackup: new Gauge({
      name: 'prodsec_backup_last_success_timestamp_seconds',
      help: 'When the last backup that passed its integrity check was taken',
      registers: [registry],
    }),
    retentionRemoved: new Counter({
      name: 'prodsec_retention_removed_total',
      help: 'Records whose free text the retention job blanked, by table',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
  };
}

export type OpsMetrics = ReturnType<typeof createOpsMetrics>;
