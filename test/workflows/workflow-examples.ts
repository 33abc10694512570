/** The ```yaml blocks of a Markdown file that are whole workflows (they start with `name:`); excerpts are not. */
export function getWorkflowExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]).filter((text) => text.startsWith('name:'));
}
