import type { RespondentGroup } from "../db/database.ts";
import { channelPoster, channelPosters, type ChannelPosterInput } from "./views/channel-poster.ts";
import { channelUrl } from "./channel-url.ts";
import { qrPng, qrSvg } from "./qr-code.ts";
import { zipArchive } from "../http/zip-archive.ts";

export interface PosterChannel {
  token: string;
  label: string;
  schoolName: string | null;
  presetGroup?: RespondentGroup | null;
  /** About how long its questionnaire takes, as the respondent page says. */
  minutes?: number;
}

export interface PosterBundleOptions {
  publicBaseUrl: string;
  campaign: { name: string; district: string; closesAt: Date };
  /**
   * Width of each PNG. The posters carry a vector QR; the PNGs are for messages and
   * other materials. Rendering costs grow with area (≈ 140 ms at 1024 px, 25 ms at 512).
   */
  pngSizePx?: number;
  /** Stamped on the ZIP entries; defaults to now. */
  modifiedAt?: Date;
}

/** File-system-safe: no separators, reserved or control characters, no trailing dots, ≤ 60 chars. */
export function safeFileName(text: string): string {
  const cleaned = text
    .replace(/\s+/g, " ")
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  return [...cleaned].slice(0, 60).join("") || "_";
}

/** The name the sheet for all posters gets; sorts before the numbered files. */
export const allPostersFileName = "00-全部海报-打印用.html";

/**
 * One ZIP with, per channel, a printable HTML poster and a PNG of its QR code
 * (`01-示范区实验小学-校门海报.html` / `.png`), plus one document with every poster
 * to print in a single go. Calls `onProgress(done, total)` once per channel.
 */
export async function posterBundle(
  channels: PosterChannel[],
  opts: PosterBundleOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<Buffer> {
  const total = channels.length;
  const width = Math.max(2, String(total).length);
  const files: { name: string; data: Buffer | string }[] = [];
  const posters: ChannelPosterInput[] = [];
  for (const [index, channel] of channels.entries()) {
    const url = channelUrl(opts.publicBaseUrl, channel.token);
    const input: ChannelPosterInput = {
      campaignName: opts.campaign.name,
      district: opts.campaign.district,
      schoolName: channel.schoolName,
      label: channel.label,
      url,
      closesAt: opts.campaign.closesAt,
      qrSvg: await qrSvg(url),
      presetGroup: channel.presetGroup ?? null,
      ...(channel.minutes === undefined ? {} : { minutes: channel.minutes }),
    };
    posters.push(input);
    const number = String(index + 1).padStart(width, "0");
    const stem = `${number}-${safeFileName(channel.schoolName ?? opts.campaign.district)}-${safeFileName(channel.label)}`;
    files.push({ name: `${stem}.html`, data: channelPoster(input) });
    files.push({ name: `${stem}.png`, data: await qrPng(url, opts.pngSizePx ?? 768) });
    onProgress?.(index + 1, total);
  }
  if (posters.length > 0) {
    files.unshift({
      name: allPostersFileName,
      data: channelPosters(opts.campaign.name, posters),
    });
  }
  return zipArchive(files, { modifiedAt: opts.modifiedAt });
}
