import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { ConflictError } from '../../chapters/02-architecture/errors/app-error.js';
import { assertUniqueKey, keysetFilter } from '../../chapters/07-database/keyset-batches.js';
import { DUPLICATE_KEY } from '../../platform/mongo/server-error-codes.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

/** A product as stored. `reservations` holds ids of orders whose stock is taken, so a retry never takes it twice. */
export interface ProductDocument {
  _id: string;
  name: string;
  priceCents: number;
  stock: number;
  createdAt: Date;
  reservations?: string[];
}

/** What the rest of the service sees: no storage fields. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
  readonly stock: number;
  readonly createdAt: Date;
}

export const PRODUCTS_COLLECTION = 'products';

/** 409: product names are unique in the catalogue (they are also the list's keyset key). */
export class ProductNameTakenError extends ConflictError {
  override readonly code = 'PRODUCT_NAME_TAKEN';

  constructor(name: string, options?: ErrorOptions) {
    super(`A product named ${JSON.stringify(name)} already exists; choose another name`, options);
  }
}

function toProduct(doc: ProductDocument): Product {
  return { id: doc._id, name: doc.name, priceCents: doc.priceCents, stock: doc.stock, createdAt: doc.createdAt };
}

/**
 * Products on the official driver, listed one keyset page at a time with Chapter 7's `keysetFilter`: names are
 * unique (an index says so, and `assertUniqueKey` checks it at start-up), so "after the last name" is exact and
 * every page is one index range scan, however deep it is.
 *
 * @example
 * const products = await MongoProductRepository.create(db);
 * const { items, next } = await products.page({ limit: 20 });
 */
export class MongoProductRepository {
  private constructor(readonly collection: Collection<ProductDocument>) {}

  static async create(db: Db): Promise<MongoProductRepository> {
    const collection = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
    await collection.createIndex({ name: 1 }, { unique: true, name: 'name_unique' });
    await assertUniqueKey(collection as unknown as Collection<Document>, 'name');
    return new MongoProductRepository(collection);
  }

  // #region page
  async page(query: { limit: number; after?: string | undefined }): Promise<{ items: Product[]; next: string | null }> {
    const after = query.after === undefined ? undefined : decodeCursor(query.after);
    const docs = await this.collection
      .find(keysetFilter<ProductDocument>({}, 'name', after), { projection: { reservations: 0 } })
      .sort({ name: 1 })
      .limit(query.limit + 1) // one more than asked: its presence says whether a next page exists
      .toArray();
    const items = docs.slice(0, query.limit).map(toProduct);
    const last = items.at(-1);
    return { items, next: docs.length > query.limit && last ? encodeCursor(last.name) : null };
  }
  // #endregion page

  async findById(id: string): Promise<Product | undefined> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { reservations: 0 } });
    return doc ? toProduct(doc) : undefined;
  }

  async findMany(ids: readonly string[]): Promise<Map<string, Product>> {
    const docs = await this.collection.find({ _id: { $in: [...ids] } }, { projection: { reservations: 0 } }).toArray();
    return new Map(docs.map((doc) => [doc._id, toProduct(doc)]));
  }

  async insert(product: Product): Promise<void> {
    try {
      await this.collection.insertOne({
        _id: product.id,
        name: product.name,
        priceCents: product.priceCents,
        stock: product.stock,
        createdAt: product.createdAt,
      });
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY && isNameKey(error))
        throw new ProductNameTakenError(product.name, { cause: error });
      throw error;
    }
  }

  /** Inserts unless a product with this id exists: seeding twice, or from two instances at once, is harmless. */
  async insertIfAbsent(product: Product): Promise<boolean> {
    try {
      await this.insert(product);
      return true;
    } catch (error) {
      if ((error instanceof MongoServerError && error.code === DUPLICATE_KEY) || error instanceof ProductNameTakenError)
        return false;
      throw error;
    }
  }
}

function isNameKey(error: MongoServerError): boolean {
  const pattern: unknown = error.keyPattern ?? error.errorResponse.keyPattern;
  return pattern !== null && typeof pattern === 'object' ? 'name' in pattern : error.message.includes('name_unique');
}
