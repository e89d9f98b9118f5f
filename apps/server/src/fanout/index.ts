export type { Fanout, FanoutKind } from './types';
export { LocalFanout, LocalFanoutBus } from './local';
