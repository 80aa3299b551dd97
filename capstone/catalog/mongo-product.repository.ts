import { MongoServerError, type Collection, type Db, type Filter } from 'mongodb';
import { afterFilter, decodeCursor, encodeCursor } from './keyset-cursor.js';

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
const DUPLICATE_KEY = 11000;

function toProduct(doc: ProductDocument): Product {
  return { id: doc._id, name: doc.name, priceCents: doc.priceCents, stock: doc.stock, createdAt: doc.createdAt };
}

/**
 * Products on the official driver, read one keyset page at a time: `(name, _id)` is unique, so "after the last row"
 * is exact, and the index makes every page one index range scan however deep it is.
 *
 * @example
 * const products = await MongoProductRepository.create(db);
 * const { items, next } = await products.page({ limit: 20 });
 */
export class MongoProductRepository {
  private constructor(readonly collection: Collection<ProductDocument>) {}

  static async create(db: Db): Promise<MongoProductRepository> {
    const collection = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
    await collection.createIndex({ name: 1, _id: 1 }, { name: 'name_id' });
    return new MongoProductRepository(collection);
  }

  // #region page
  async page(query: { limit: number; after?: string | undefined }): Promise<{ items: Product[]; next: string | null }> {
    const position = query.after === undefined ? undefined : decodeCursor(query.after);
    const docs = await this.collection
      .find(afterFilter(position) as Filter<ProductDocument>, { projection: { reservations: 0 } })
      .sort({ name: 1, _id: 1 })
      .limit(query.limit + 1) // one more than asked: its presence says whether a next page exists
      .toArray();
    const items = docs.slice(0, query.limit).map(toProduct);
    const last = items.at(-1);
    return { items, next: docs.length > query.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null };
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
    await this.collection.insertOne({ _id: product.id, name: product.name, priceCents: product.priceCents, stock: product.stock, createdAt: product.createdAt });
  }

  /** Inserts unless a product with this id exists: seeding twice, or from two instances at once, is harmless. */
  async insertIfAbsent(product: Product): Promise<boolean> {
    try {
      await this.insert(product);
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
