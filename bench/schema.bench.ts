// Schema build cost, cold (a class never seen before) vs cached (the same call on a class whose
// schemas were built), for a realistic response model: a nested class, an array of nested
// classes, enums, optional fields, 16 properties. One build is `buildClassSchema(Model,
// { strict: false })` then `{ strict: true }`, what a call in a strict mode asks for.
// Cold and cached builds are interleaved (alternating which goes first) so GC, JIT and scheduler
// noise hit both alike; each round compares the medians of its builds. Prints the median ratio.
//   npm run bench            full run
//   npm run bench -- --quick smoke run (CI): same code path, few rounds, no verdict
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  getMetadataStorage,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Description, Example } from '../src';
import { buildClassSchema } from '../src/schema';

export enum OrderStatus {
  Pending = 'pending',
  Paid = 'paid',
  Shipped = 'shipped',
  Delivered = 'delivered',
}

export enum Priority {
  Low = 1,
  Normal = 2,
  High = 3,
}

/**
 * The bench's response model. Every call makes new classes with the same decorators, so a cold
 * build can be measured as often as needed (the validation bench calls it once).
 */
export function defineOrderModels() {
  @Description('A postal address')
  class Address {
    @IsString() @IsNotEmpty() @MaxLength(200) street!: string;
    @IsString() @IsNotEmpty() city!: string;
    @Matches(/^\d{5}$/) @Description('Five-digit postal code') postalCode!: string;
    @IsIn(['US', 'CA', 'MX']) country!: string;
  }

  class LineItem {
    @IsString() @Length(3, 20) @Example('SKU-123') sku!: string;
    @IsInt() @Min(1) quantity!: number;
    @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Description('Price of one unit') unitPrice!: number;
    @IsOptional() @IsString() @MaxLength(200) note?: string;
  }

  @Description('A customer order extracted from an email')
  class Order {
    @IsUUID('4') id!: string;
    @IsString() @IsNotEmpty() @Description('Full name of the customer') customerName!: string;
    @IsEmail() email!: string;
    @IsEnum(OrderStatus) status!: OrderStatus;
    @IsEnum(Priority) priority!: Priority;
    @IsISO8601() @Description('When the order was placed') createdAt!: string;
    @IsNumber() @Min(0) total!: number;
    @IsIn(['USD', 'EUR', 'GBP']) currency!: string;
    @IsBoolean() paid!: boolean;
    @ValidateNested() @Type(() => Address) shippingAddress!: Address;
    @IsOptional() @ValidateNested() @Type(() => Address) billingAddress?: Address;
    @IsArray()
    @ArrayMinSize(1)
    @ValidateNested({ each: true })
    @Type(() => LineItem)
    items!: LineItem[];
    @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) tags!: string[];
    @IsOptional() @IsString() @MaxLength(500) notes?: string;
    @IsOptional() @Matches(/^[A-Z0-9]{6}$/) discountCode?: string;
    @IsOptional() @IsBoolean() giftWrap?: boolean;
  }

  return { Order, Address, LineItem };
}

/** A valid reply for the model: 5 line items, some optional fields present, some absent. */
export const ORDER_JSON = JSON.stringify({
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  customerName: 'Ada Lovelace',
  email: 'ada@example.com',
  status: 'shipped',
  priority: 2,
  createdAt: '2026-11-30T09:15:00Z',
  total: 184.5,
  currency: 'EUR',
  paid: true,
  shippingAddress: {
    street: '12 St James Square',
    city: 'London',
    postalCode: '12345',
    country: 'US',
  },
  items: [
    { sku: 'SKU-001', quantity: 2, unitPrice: 19.99 },
    { sku: 'SKU-002', quantity: 1, unitPrice: 54.5, note: 'gift' },
    { sku: 'SKU-003', quantity: 3, unitPrice: 12 },
    { sku: 'SKU-004', quantity: 1, unitPrice: 30.03, note: 'fragile' },
    { sku: 'SKU-005', quantity: 4, unitPrice: 5 },
  ],
  tags: ['priority', 'international', 'gift'],
  notes: 'Leave the parcel at the reception desk.',
  giftWrap: false,
});

type Models = ReturnType<typeof defineOrderModels>;

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 25;
const COLD_PER_ROUND = quick ? 20 : 60;
const CACHED_BATCH = quick ? 100 : 500;
const WARMUP = quick ? 30 : 300;

// class-validator keeps every decorated class in a global Map for good, and looks up a class's
// rules by testing it against *every* class in that Map (inheritance): left alone, the thousands
// of bench classes would make each cold build slower than the last, which no real application
// sees. Each cold build's classes (and the constraint class class-validator makes for each
// built-in decorator it applied) are removed from both storages after it was timed.
const validatorStorage = getMetadataStorage() as unknown as {
  validationMetadatas: Map<unknown, readonly { constraintCls?: unknown }[]>;
  constraintMetadatas: Map<unknown, unknown>;
};
// class-transformer's storage is not exported from its root (see src/internal).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerModule = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: Record<string, unknown>;
};
const transformerStorage = transformerModule.defaultMetadataStorage;

function forget(models: Models): void {
  for (const model of Object.values(models)) {
    for (const metadata of validatorStorage.validationMetadatas.get(model) ?? []) {
      validatorStorage.constraintMetadatas.delete(metadata.constraintCls);
    }
    validatorStorage.validationMetadatas.delete(model);
    for (const map of Object.values(transformerStorage)) {
      if (map instanceof Map) map.delete(model);
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

let sink: unknown;

function now(): bigint {
  return process.hrtime.bigint();
}

function micros(start: bigint, end: bigint): number {
  return Number(end - start) / 1000;
}

/** One cold build on fresh classes: µs for the loose schema and for the strict one after it. */
function coldBuild(): { loose: number; strict: number } {
  const models = defineOrderModels(); // not timed: that is class definition, not schema building
  const start = now();
  sink = buildClassSchema(models.Order, { strict: false });
  const middle = now();
  sink = buildClassSchema(models.Order, { strict: true });
  const end = now();
  forget(models);
  return { loose: micros(start, middle), strict: micros(middle, end) };
}

/** µs per cached build (loose + strict), averaged over a batch: one call is below timer resolution. */
function cachedBuild(model: Models['Order']): number {
  const start = now();
  for (let index = 0; index < CACHED_BATCH; index++) {
    sink = buildClassSchema(model, { strict: false });
    sink = buildClassSchema(model, { strict: true });
  }
  return micros(start, now()) / CACHED_BATCH;
}

function main(): void {
  const warm = defineOrderModels();
  const expected = JSON.stringify([
    buildClassSchema(warm.Order, { strict: false }),
    buildClassSchema(warm.Order, { strict: true }),
  ]);
  // Same decorators, same schemas: else a cold build would not be the same work.
  const fresh = defineOrderModels();
  const actual = JSON.stringify([
    buildClassSchema(fresh.Order, { strict: false }),
    buildClassSchema(fresh.Order, { strict: true }),
  ]);
  forget(fresh);
  if (actual !== expected) throw new Error('a fresh class built a different schema');
  const stored = () =>
    `${validatorStorage.validationMetadatas.size} classes, ${validatorStorage.constraintMetadatas.size} constraints`;
  const storedAtStart = stored();

  for (let index = 0; index < WARMUP; index++) {
    coldBuild();
    cachedBuild(warm.Order);
  }

  const coldTimes: number[] = [];
  const looseTimes: number[] = [];
  const strictTimes: number[] = [];
  const cachedTimes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const coldRound: number[] = [];
    const looseRound: number[] = [];
    const strictRound: number[] = [];
    const cachedRound: number[] = [];
    for (let pair = 0; pair < COLD_PER_ROUND; pair++) {
      const cachedFirst = (round + pair) % 2 === 1;
      if (cachedFirst) cachedRound.push(cachedBuild(warm.Order));
      const cold = coldBuild();
      coldRound.push(cold.loose + cold.strict);
      looseRound.push(cold.loose);
      strictRound.push(cold.strict);
      if (!cachedFirst) cachedRound.push(cachedBuild(warm.Order));
    }
    coldTimes.push(median(coldRound));
    looseTimes.push(median(looseRound));
    strictTimes.push(median(strictRound));
    cachedTimes.push(median(cachedRound));
    ratios.push(median(coldRound) / median(cachedRound));
  }
  const storedAtEnd = stored();
  if (sink === undefined) throw new Error('unreachable');

  console.log(
    `schema build: ${ROUNDS} rounds x ${COLD_PER_ROUND} interleaved cold/cached pairs, ` +
      `Order model (16 properties; Address and LineItem nested), loose + strict schema per build`,
  );
  console.log(
    `  cold   (fresh classes)      : ${median(coldTimes).toFixed(1)} µs/build ` +
      `(loose ${median(looseTimes).toFixed(1)} + strict ${median(strictTimes).toFixed(1)}; median of round medians)`,
  );
  console.log(
    `  cached (same class again)   : ${median(cachedTimes).toFixed(3)} µs/build ` +
      `(mean of ${CACHED_BATCH}-build batches; median of round medians)`,
  );
  console.log(`  cold / cached (median of rounds): ${median(ratios).toFixed(0)}x`);
  console.log(
    `  class-validator storage: ${storedAtStart} before the rounds, ${storedAtEnd} after`,
  );
  if (storedAtEnd !== storedAtStart) {
    console.log('  WARNING: cold classes were not removed from the storage; cold times drift up');
  }
  if (quick) console.log('  --quick: smoke run only, too few rounds for a verdict');
}

if (require.main === module) {
  try {
    main();
  } catch (error: unknown) {
    console.error(error);
    process.exitCode = 1;
  }
}
