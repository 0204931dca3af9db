/** The storage contract and the one way to open a store; the server imports storage from here only. */
export * from './contract.js';
export { openStore, storeLocation, STORE_SCHEMES, type OpenStoreOptions } from './open.js';
