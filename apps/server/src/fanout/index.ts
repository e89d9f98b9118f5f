export type { ControlEvent, Fanout, FanoutMessage } from './types';
export { LocalFanout, LocalFanoutBus } from './local';
export { RedisFanout } from './redis';
