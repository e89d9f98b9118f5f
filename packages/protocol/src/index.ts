export * from './roles';
export * from './close-codes';
export * from './ids';
export * from './limits';
export * from './rest';
export * from './presence';
export * from './pseudonym';
export * from './spaces';
