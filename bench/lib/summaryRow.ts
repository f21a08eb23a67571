/** One row of the summary table `npm run bench` prints: a target, our figure, the baseline, the verdict. */
export interface SummaryRow {
  measure: string;
  target: string;
  ours: string;
  baseline: string;
  verdict: 'met' | 'NOT met' | 'n/a' | 'not measured';
}
