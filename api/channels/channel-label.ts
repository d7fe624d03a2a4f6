/**
 * A link's name wherever links are listed (staff pages, the dashboard, the data-quality page,
 * reports and exports): the school's name first when the link has a school, so twelve
 * "校门海报" read "青山一小 · 校门海报", "东湖路学校 · 校门海报" … The stored label stays as
 * staff typed it (the poster prints the school above it), and a renamed school is named
 * anew everywhere at once.
 */
export function channelLabel(label: string, schoolName: string | null): string {
  return schoolName === null ? label : `${schoolName} · ${label}`;
}
