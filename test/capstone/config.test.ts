import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../capstone/config.js';

describe('the capstone configuration', () => {
  it('accepts a MongoDB seed list, the usual production form of MONGODB_URI', () => {
    const uri = 'mongodb://db-a:27017,db-b:27017,db-c:27017/orders?replicaSet=rs0';
    expect(loadConfig({ MONGODB_URI: uri }).MONGODB_URI).toBe(uri);
  });

  it('refuses a MONGODB_URI of another scheme, naming the variable and what is allowed', () => {
    expect(() => loadConfig({ MONGODB_URI: 'http://db:27017' })).toThrow(ConfigError);
    expect(() => loadConfig({ MONGODB_URI: 'http://db:27017' })).toThrow(/MONGODB_URI.*expected a URL starting with mongodb:\/\/ or mongodb\+srv:\/\//s);
  });
});
