// The channels feature's public surface: a campaign's links (tokens), their QR codes and posters.
export { newChannelToken, newIpSalt } from "./channel-token.ts";
export {
  type ChannelContext,
  type ChannelListing,
  findChannelContext,
  insertChannel,
  listDemoChannels,
} from "./repository.ts";
export { channelRoutes } from "./routes.ts";
