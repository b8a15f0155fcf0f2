import { eventStoreMigration } from './0001-event-store.js';
import type { Migration } from './migration.js';

/** Every schema change, in order. Append new ones; never edit one that has shipped. */
export const migrations: readonly Migration[] = [eventStoreMigration];
