// Which files of the bundled docs/rules/ folder are rule pages: `<rule-id>.md`, where a rule id
// is lower-case words joined by dashes. The folder's README.md (the rule index) is not a rule.

const ruleIdShape = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function isRuleId(id: string): boolean {
  return ruleIdShape.test(id);
}

/** The rule ids of a folder listing, sorted. */
export function ruleIdsOf(fileNames: readonly string[]): string[] {
  return fileNames
    .filter((name) => name.endsWith('.md'))
    .map((name) => name.slice(0, -'.md'.length))
    .filter(isRuleId)
    .sort();
}
