import type { BenchTable, SectionResult } from "./BenchSection";

/** A GitHub-flavoured Markdown table; numeric-looking columns are right-aligned. */
export function markdownTable(table: BenchTable): string {
  const numeric = table.headers.map((_, column) =>
    table.rows.every((row) => /^[-+]?[\d,.]+( µs| ms| %|×)?$|^—$/.test(row[column] ?? "")),
  );
  const cellText = (cell: string) => cell.replaceAll("|", "\\|");
  const lines = [
    `| ${table.headers.map(cellText).join(" | ")} |`,
    `|${numeric.map((right) => (right ? "---:" : "---")).join("|")}|`,
    ...table.rows.map((row) => `| ${row.map(cellText).join(" | ")} |`),
  ];
  return `${table.title ? `**${table.title}**\n\n` : ""}${lines.join("\n")}`;
}

/** A section as Markdown: heading, intro, tables, notes. */
export function markdownSection(index: number, section: SectionResult): string {
  const parts = [`## ${index}. ${section.heading}`, section.intro, ...section.tables.map(markdownTable)];
  if (section.notes && section.notes.length > 0)
    parts.push(section.notes.map((note) => `- ${note}`).join("\n"));
  return parts.join("\n\n");
}
