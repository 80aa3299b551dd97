/**
 * The two-level cache's Lua scripts. Redis runs each one whole, with no other command in between, so a tagged write
 * and an invalidation of its tag cannot interleave: either the write lands first and the invalidation deletes it, or
 * the write lands after and its key is in the tag's new set. (Plain Lua calls only: they also run on ioredis-mock.)
 */

// #region write
/**
 * Writes a value and adds its key to each tag set; a tag set lives as long as its longest-lived key, then expires
 * (its TTL only ever grows). Then announces the key on the invalidation channel.
 *
 * KEYS: the value key, then one set per tag. ARGV: text, TTL in seconds, the key's name, channel, message.
 */
export const writeScript = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[3])
  if redis.call('TTL', KEYS[i]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[i], ARGV[2]) end
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`;
// #endregion write

// #region invalidate-tag
/**
 * Deletes every value whose key is in the tag set, and the set; returns those keys, for the invalidation message.
 *
 * KEYS: the tag set. ARGV: the prefix of value keys. (It names value keys itself, so it needs one Redis, not a
 * cluster; in a cluster, put the namespace in a hash tag, `{cache}`, to keep every key on one node.)
 */
export const invalidateTagScript = `
local keys = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(keys) do redis.call('DEL', ARGV[1] .. key) end
redis.call('DEL', KEYS[1])
return keys`;
// #endregion invalidate-tag
