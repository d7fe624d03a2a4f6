import { createHmac } from "node:crypto";

/**
 * The browser family only (no version, no OS): enough to see how respondents
 * arrive (WeChat's in-app browser above all) without fingerprinting anyone.
 */
export function browserFamily(userAgent: string | undefined): string {
  if (!userAgent) return "unknown";
  const ua = userAgent;
  if (/MicroMessenger/i.test(ua)) return /wxwork/i.test(ua) ? "wecom" : "wechat";
  if (/\bQQ\//.test(ua)) return "qq";
  if (/DingTalk/i.test(ua)) return "dingtalk";
  if (/MQQBrowser/i.test(ua)) return "qq_browser";
  if (/UCBrowser|UCWEB/i.test(ua)) return "uc";
  if (/HuaweiBrowser/i.test(ua)) return "huawei";
  if (/MiuiBrowser|XiaoMi/i.test(ua)) return "xiaomi";
  if (/Quark/i.test(ua)) return "quark";
  if (/Baidu/i.test(ua)) return "baidu";
  if (/Edg\//.test(ua)) return "edge";
  if (/Firefox\//.test(ua)) return "firefox";
  if (/HeadlessChrome/.test(ua)) return "headless_chrome";
  if (/Chrome\/|CriOS\//.test(ua)) return "chrome";
  if (/Safari\//.test(ua)) return "safari";
  return "other";
}

/**
 * An IP address as a keyed hash: the same address within one campaign hashes
 * the same (bursts can be found), across campaigns it does not, and without
 * the server's pepper a database dump cannot be reversed by trying all IPv4s.
 */
export function hashIp(
  ip: string | undefined,
  campaignSalt: string,
  pepper: string,
): string | null {
  if (!ip) return null;
  return createHmac("sha256", `${pepper}\u0000${campaignSalt}`)
    .update(ip)
    .digest("hex")
    .slice(0, 32);
}
