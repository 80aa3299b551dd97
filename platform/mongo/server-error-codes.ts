/**
 * MongoDB's server error codes that code outside the engine branches on, defined once (names as in mongod's
 * error_codes.yml). The driver reports them as `MongoServerError.code`; the embedded engine answers with the same.
 */

/** A write that a unique index refused (`E11000 duplicate key error`); `keyPattern` names the index's fields. */
export const DUPLICATE_KEY = 11000;
