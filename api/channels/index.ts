// The channels feature's public surface: a campaign's links (tokens), their QR codes and posters.
export { channelLabel } from "./channel-label.ts";
export { newChannelToken, newIpSalt } from "./channel-token.ts";
export {
  type ChannelContext,
  type ChannelListing,
  findChannelContext,
  insertChannel,
  listDemoChannels,
} from "./repository.ts";
export { qrSvg } from "./qr-code.ts";
export { channelRoutes } from "./routes.ts";
export { addSchoolPosterLinks, schoolPosterLabel } from "./school-poster-links.ts";
