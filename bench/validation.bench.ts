// Validation throughput of our wrapper over class-validator alone, on the same objects, and our
// instance builder over class-transformer's plainToInstance. The model is schema.bench.ts's Order
// (16 properties, a nested Address, 5 nested LineItems, enums, optional fields).
//   ours               : await toValidatedInstance(Order, plain, { rawText: '' })
//   class-validator    : validateSync(plainToInstance(Order, plain), DEFAULT_VALIDATOR_OPTIONS)
//   building alone     : buildInstance(Order, plain) vs plainToInstance(Order, plain)
//   wrapper alone      : ours vs validateSync(buildInstance(Order, plain), DEFAULT_VALIDATOR_OPTIONS)
//                        (a valid reply: the validation plan answers, class-validator does not run)
//   invalid objects    : the same two sides on an Order whose last line item is invalid: the plan
//                        says no, then class-validator runs and reports, so ours costs more there
// Every operation gets a fresh plain object (JSON.parse of the same text, done before the timed
// batch, for both sides alike). Batches of the two sides are interleaved, alternating which goes
// first, so GC, JIT and scheduler noise hit both alike; each round compares the medians of its
// batches. Prints the median ratio.
//   npm run bench            full run
//   npm run bench -- --quick smoke run (CI): same code path, few rounds, no verdict
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ValidationError } from '../src/errors';
import { DEFAULT_VALIDATOR_OPTIONS, toValidatedInstance } from '../src/validation';
import { buildInstance } from '../src/validation/instance.builder';
import { defineOrderModels, ORDER_JSON } from './schema.bench';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 25;
const BATCHES_PER_ROUND = quick ? 6 : 20;
const BATCH = quick ? 20 : 100;
const WARMUP_BATCHES = quick ? 10 : 100;
const TARGET_RATIO = 1.1;

const { Order, Address, LineItem } = defineOrderModels();
type Order = InstanceType<typeof Order>;

/** One side of a comparison: works through a batch of fresh plain objects. */
type Side = (plains: object[]) => unknown;

let sink: unknown;

const ours: Side = async (plains) => {
  for (const plain of plains) sink = await toValidatedInstance(Order, plain, { rawText: '' });
};

const classValidatorAlone: Side = (plains) => {
  for (const plain of plains) {
    const instance = plainToInstance(Order, plain);
    const errors = validateSync(instance, DEFAULT_VALIDATOR_OPTIONS);
    // What ours does with the result: throw on errors, else hand the instance over.
    if (errors.length > 0) throw new Error('the fixture does not validate');
    sink = instance;
  }
};

// Ours without the wrapper: what toValidatedInstance runs, minus its own code around it.
const builderAndValidateSync: Side = (plains) => {
  for (const plain of plains) {
    const instance = buildInstance(Order, plain);
    if (validateSync(instance, DEFAULT_VALIDATOR_OPTIONS).length > 0) throw new Error('invalid');
    sink = instance;
  }
};

// The last line item's quantity breaks @Min(1): found after everything else was checked.
const INVALID_ORDER_JSON = ORDER_JSON.replace('"quantity":4', '"quantity":0');

const oursOnInvalid: Side = async (plains) => {
  for (const plain of plains) {
    try {
      await toValidatedInstance(Order, plain, { rawText: '' });
      throw new Error('the invalid fixture validated');
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      sink = error;
    }
  }
};

const classValidatorOnInvalid: Side = (plains) => {
  for (const plain of plains) {
    const errors = validateSync(plainToInstance(Order, plain), DEFAULT_VALIDATOR_OPTIONS);
    if (errors.length === 0) throw new Error('the invalid fixture validated');
    sink = errors;
  }
};

const ourBuilder: Side = (plains) => {
  for (const plain of plains) sink = buildInstance(Order, plain);
};

const classTransformer: Side = (plains) => {
  for (const plain of plains) sink = plainToInstance(Order, plain);
};

function freshPlains(json: string): object[] {
  return Array.from({ length: BATCH }, () => JSON.parse(json) as object);
}

/** µs per operation over one batch of fresh plain objects (parsing not timed). */
async function timeBatch(side: Side, json: string): Promise<number> {
  const plains = freshPlains(json);
  const start = process.hrtime.bigint();
  await side(plains);
  return Number(process.hrtime.bigint() - start) / 1000 / BATCH;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Comparison {
  /** µs/op, median over rounds of the round's median batch. */
  first: number;
  second: number;
  /** Median over rounds of (first / second). */
  ratio: number;
}

async function compare(first: Side, second: Side, json = ORDER_JSON): Promise<Comparison> {
  for (let index = 0; index < WARMUP_BATCHES; index++) {
    await timeBatch(first, json);
    await timeBatch(second, json);
  }
  const firstTimes: number[] = [];
  const secondTimes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const firstRound: number[] = [];
    const secondRound: number[] = [];
    for (let batch = 0; batch < BATCHES_PER_ROUND; batch++) {
      if ((round + batch) % 2 === 0) {
        firstRound.push(await timeBatch(first, json));
        secondRound.push(await timeBatch(second, json));
      } else {
        secondRound.push(await timeBatch(second, json));
        firstRound.push(await timeBatch(first, json));
      }
    }
    firstTimes.push(median(firstRound));
    secondTimes.push(median(secondRound));
    ratios.push(median(firstRound) / median(secondRound));
  }
  return { first: median(firstTimes), second: median(secondTimes), ratio: median(ratios) };
}

/** Both sides must do the same work on the fixture: a valid Order with its nested instances. */
async function checkFixture(): Promise<void> {
  const mine = await toValidatedInstance(Order, JSON.parse(ORDER_JSON), { rawText: '' });
  const built = buildInstance(Order, JSON.parse(ORDER_JSON) as object);
  const theirs = plainToInstance(Order, JSON.parse(ORDER_JSON) as object);
  const errors = validateSync(theirs, DEFAULT_VALIDATOR_OPTIONS);
  if (errors.length > 0) throw new Error(`the fixture does not validate: ${String(errors)}`);
  for (const instance of [mine, built, theirs] as Order[]) {
    const shaped =
      instance instanceof Order &&
      instance.shippingAddress instanceof Address &&
      instance.items.length === 5 &&
      instance.items.every((item) => item instanceof LineItem);
    if (!shaped) throw new Error('an instance lacks its nested classes');
    if (JSON.stringify(instance) !== JSON.stringify(theirs)) {
      throw new Error('the instances differ');
    }
  }
}

async function main(): Promise<void> {
  await checkFixture();
  const validation = await compare(ours, classValidatorAlone);
  const building = await compare(ourBuilder, classTransformer);
  const wrapper = await compare(ours, builderAndValidateSync);
  if (INVALID_ORDER_JSON === ORDER_JSON) throw new Error('the invalid fixture is not invalid');
  const invalid = await compare(oursOnInvalid, classValidatorOnInvalid, INVALID_ORDER_JSON);
  if (sink === undefined) throw new Error('unreachable');

  console.log(
    `validation: ${ROUNDS} rounds x ${BATCHES_PER_ROUND} interleaved batch pairs of ${BATCH} ` +
      'fresh Order objects (16 properties, 1 + 5 nested)',
  );
  console.log(
    `  class-validator alone (plainToInstance + validateSync): ${validation.second.toFixed(2)} µs/op`,
  );
  console.log(
    `  ours (toValidatedInstance)                            : ${validation.first.toFixed(2)} µs/op`,
  );
  console.log(
    `  ratio (median of rounds): ${validation.ratio.toFixed(3)}x  ` +
      `(target: our wrapper's own cost under 10%, <= ${TARGET_RATIO}x)`,
  );
  console.log('instance building alone (same plain values):');
  console.log(`  class-transformer plainToInstance: ${building.second.toFixed(2)} µs/op`);
  console.log(`  ours (buildInstance)             : ${building.first.toFixed(2)} µs/op`);
  console.log(
    `  ratio ours / plainToInstance (median of rounds): ${building.ratio.toFixed(3)}x  ` +
      '(below 1: the fast path is faster)',
  );
  console.log('wrapper alone (ours over the same builder + validateSync, no wrapper):');
  console.log(`  buildInstance + validateSync: ${wrapper.second.toFixed(2)} µs/op`);
  console.log(`  ours (toValidatedInstance)  : ${wrapper.first.toFixed(2)} µs/op`);
  console.log(
    `  ratio (median of rounds): ${wrapper.ratio.toFixed(3)}x  ` +
      '(a valid object: the validation plan answers, class-validator does not run)',
  );
  console.log('invalid objects (the last line item breaks @Min(1)):');
  console.log(
    `  class-validator alone (plainToInstance + validateSync): ${invalid.second.toFixed(2)} µs/op`,
  );
  console.log(
    `  ours (toValidatedInstance, ValidationError)           : ${invalid.first.toFixed(2)} µs/op`,
  );
  console.log(
    `  ratio (median of rounds): ${invalid.ratio.toFixed(3)}x  ` +
      '(the plan says no, then class-validator runs and words the errors)',
  );
  if (quick) {
    console.log('  --quick: smoke run only, too few rounds for a verdict');
  } else if (validation.ratio > TARGET_RATIO) {
    console.log('  validation OVER TARGET');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
