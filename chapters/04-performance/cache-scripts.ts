/**
 * The two-level cache's Lua scripts. Redis runs each one whole, with no other command in between, so a tagged write
 * and an invalidation of its tag cannot interleave: either the write lands first and the invalidation deletes it, or
 * the write lands after and its key is in the tag's new set. (Plain Lua calls only: they also run on ioredis-mock.)
 */

// #region write
/**
 * Writes a value and adds its key to each tag set; a tag set lives as long as its longest-lived key, then expires
 * (its TTL only ever grows). Then announces the key on the invalidation channel. Returns 1, or 0 if it did not write.
 *
 * A load's write is conditional: it passes the fences of its key and tags after the tag sets, and what it read. It
 * writes only if the value is still what the load read (nothing wrote it since) and no fence changed (nothing deleted
 * or invalidated it since): whatever came after the load's read wins.
 *
 * KEYS: the value key, one set per tag, then (for a load) the fence keys.
 * ARGV: text, TTL in seconds, the key's name, channel, message, tag count, then (for a load) the text the load read
 * ('' for none) and one token per fence key ('' for none).
 */
export const writeScript = `
local tags = tonumber(ARGV[6])
if #KEYS > 1 + tags then
  if (redis.call('GET', KEYS[1]) or '') ~= ARGV[7] then return 0 end
  for i = 2 + tags, #KEYS do
    if (redis.call('GET', KEYS[i]) or '') ~= ARGV[6 + i - tags] then return 0 end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for i = 2, 1 + tags do
  redis.call('SADD', KEYS[i], ARGV[3])
  if redis.call('TTL', KEYS[i]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[i], ARGV[2]) end
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`;
// #endregion write

// #region invalidate-tag
/**
 * Deletes every value whose key is in the tag set, and the set, and sets the tag's fence to a new token (so a load
 * of a key with this tag that is still running will not write); returns the keys, for the invalidation message.
 *
 * KEYS: the tag set, the tag's fence. ARGV: the prefix of value keys, the new token, the fence's lifetime in seconds.
 * (It names value keys itself, so it needs one Redis, not a cluster; in a cluster, put the namespace in a hash tag,
 * `{cache}`, to keep every key on one node.)
 */
export const invalidateTagScript = `
local keys = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(keys) do redis.call('DEL', ARGV[1] .. key) end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return keys`;
// #endregion invalidate-tag
