import zh from "./messages.zh-CN.json" with { type: "json" };
import en from "./messages.en.json" with { type: "json" };

export type MessageKey = keyof typeof zh & keyof typeof en;

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * A message for people, Chinese first and English after, so one error body
 * serves a parent in WeChat and an engineer reading logs alike.
 */
export function message(key: MessageKey, params: Record<string, string | number> = {}): string {
  return `${fill(zh[key], params)} ${fill(en[key], params)}`;
}
