// What `init` finds of Hermes across this host, beside the homes of one root: a gateway a supervisor runs (or would run)
// or a container's, with the service keys that name its program in the config, and each place it could not read.
export type { BoxFinds, BoxGateway, ServiceKeys, Unread } from '../probes/supervisors/types.js';

export { unreadWhy } from '../probes/supervisors/box-read.js';
