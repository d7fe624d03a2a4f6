import type { Campaign } from "../db/database.ts";
import type { StaffChannel } from "./repository.ts";
import { qrSvg } from "./qr-code.ts";
import { channelPoster } from "./views/channel-poster.ts";

/** The poster styles itself inline and shows its QR code inline; it loads nothing else. */
export const posterPagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** One channel's printable A4 poster: campaign, school, label, closing time, link and QR code. */
export async function posterPage(
  campaign: Campaign,
  channel: StaffChannel,
  url: string,
  minutes?: number,
): Promise<string> {
  return channelPoster({
    campaignName: campaign.name,
    district: campaign.district,
    schoolName: channel.schoolName,
    label: channel.label,
    url,
    closesAt: campaign.closes_at,
    qrSvg: await qrSvg(url),
    presetGroup: channel.presetGroup,
    ...(minutes === undefined ? {} : { minutes }),
  });
}
