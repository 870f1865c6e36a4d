export * from './basicAuth';
export * from './errors';
export * from './form';
export * from './hosts';
export * from './request';
