/** A quota of the sample plan: one official respondent category and our groups it covers. */
export interface RespondentCategory {
  /** The category's name: its group's name, or `deputy_cppcc` / `principal_teacher`. */
  key: string;
  /** The groups it covers, in the order they were given. */
  groups: string[];
}

// The official forms count 人大代表、政协委员 as one category and 校长、教师 as one
// (docs/weighting.md, Sample plan); every other group is a category of its own.
const sharedCategory: Readonly<Record<string, string>> = {
  deputy: "deputy_cppcc",
  cppcc_member: "deputy_cppcc",
  principal: "principal_teacher",
  teacher: "principal_teacher",
};

/**
 * Groups gathered into the official respondent categories, each category where its first
 * group stands; a category covers only the groups given (a campaign without principals
 * still has the category 校长、教师, covering teachers alone).
 */
export function respondentCategories(groups: readonly string[]): RespondentCategory[] {
  const categories = new Map<string, string[]>();
  for (const group of groups) {
    const key = sharedCategory[group] ?? group;
    const covered = categories.get(key);
    if (covered) {
      if (!covered.includes(group)) covered.push(group);
    } else categories.set(key, [group]);
  }
  return [...categories].map(([key, covered]) => ({ key, groups: covered }));
}
