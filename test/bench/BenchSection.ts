/** One Markdown table of a benchmark section. */
export interface BenchTable {
  /** A short title printed in bold above the table (optional). */
  readonly title?: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Copied into the README's figures block by a full run (the few tables a reader of the README needs). */
  readonly inReadme?: boolean;
}

/** What one section of `npm run bench` measured, ready to print. */
export interface SectionResult {
  /** The section's heading (`## <heading>`). */
  readonly heading: string;
  /** What was measured and how, in a few sentences. */
  readonly intro: string;
  readonly tables: readonly BenchTable[];
  /** Observations drawn from the figures (printed as a list after the tables). */
  readonly notes?: readonly string[];
  /** Named figures the summary uses (target checks), e.g. `httpEncryptC16Ratio`. */
  readonly figures?: Readonly<Record<string, number>>;
}

/** A section's entry point: measures and returns its result. */
export type SectionRun = () => Promise<SectionResult>;
