import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../capstone/config.js';

describe('the capstone configuration', () => {
  it('accepts a MongoDB seed list, the usual production form of MONGODB_URI', () => {
    const uri = 'mongodb://db-a:27017,db-b:27017,db-c:27017/orders?replicaSet=rs0';
    expect(loadConfig({ MONGODB_URI: uri }).MONGODB_URI).toBe(uri);
  });

  it('refuses a MONGODB_URI of another scheme, naming the variable and what is allowed', () => {
    expect(() => loadConfig({ MONGODB_URI: 'http://db:27017' })).toThrow(ConfigError);
    expect(() => loadConfig({ MONGODB_URI: 'http://db:27017' })).toThrow(
      /MONGODB_URI.*expected a URL starting with mongodb:\/\/ or mongodb\+srv:\/\//s,
    );
  });

  it('keeps accepting 5 s after a signal in production, and not at all in development unless set', () => {
    const secret = 'x'.repeat(64);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).SHUTDOWN_READINESS_DELAY_MS).toBe(5_000);
    expect(loadConfig({}).SHUTDOWN_READINESS_DELAY_MS).toBe(0);
    expect(loadConfig({ SHUTDOWN_READINESS_DELAY_MS: '2500' }).SHUTDOWN_READINESS_DELAY_MS).toBe(2_500);
    expect(() => loadConfig({ SHUTDOWN_READINESS_DELAY_MS: '-1' })).toThrow(
      /SHUTDOWN_READINESS_DELAY_MS.*whole number from 0 to 60000/s,
    );
  });

  it('lets an operator set how long an order claim outlives a worker that died, within bounds', () => {
    expect(loadConfig({}).ORDER_CLAIM_TTL_MS).toBe(60_000);
    expect(loadConfig({ ORDER_CLAIM_TTL_MS: '15000' }).ORDER_CLAIM_TTL_MS).toBe(15_000);
    expect(() => loadConfig({ ORDER_CLAIM_TTL_MS: '500' })).toThrow(
      /ORDER_CLAIM_TTL_MS.*whole number from 5000 to 600000/s,
    );
  });
});
