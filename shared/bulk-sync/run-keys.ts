/** Where a sync run keeps its objects in the sync bucket (one prefix each, so lifecycle rules can differ). */
export const INCOMING_PREFIX = 'incoming/';
export const stagingKey = (runId: string) => `staging/${runId}/records.jsonl`;
export const rejectedKey = (runId: string) => `staging/${runId}/rejected.jsonl`;
/** The Distributed Map's ResultWriter prefix; Step Functions adds `/<map run ID>/manifest.json` and result files. */
export const RESULTS_PREFIX = 'results';
export const reportKey = (runId: string) => `reports/${runId}/report.json`;
export const problemsKey = (runId: string) => `reports/${runId}/problems.csv`;
