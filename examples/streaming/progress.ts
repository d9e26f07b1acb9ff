// Progress display with createPartial: one line per partial object while the model writes it,
// then the validated object. Nested @Type classes are instances from the moment they appear, and
// `stream.attemptNumber` tells the attempts apart when a re-ask starts the object over.
// With OPENAI_API_KEY set this asks OpenAI; without it, a local testing server plays the model.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Description, fromProvider, type DeepPartial, type Instructor } from 'class-instructor';
import { FakeOpenAIServer } from 'class-instructor/testing';

class Author {
  @IsString() name!: string;
}

@Description('A research paper described in the text')
class Paper {
  @IsString() title!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Author) authors!: Author[];
  @IsInt() @Min(1900) @Max(2100) @Description('Year of publication, four digits') year!: number;
  @IsArray() @IsString({ each: true }) keywords!: string[];
}

const text =
  'Attention Is All You Need, by Ashish Vaswani and Noam Shazeer, came out in 2017. ' +
  'It introduced the Transformer, built on self-attention.';

/** The fields filled so far, on one line. */
function describe(paper: DeepPartial<Paper>): string {
  const filled: string[] = [];
  if (paper.title !== undefined) filled.push(`title "${paper.title}"`);
  if (paper.authors !== undefined) {
    filled.push(`authors [${paper.authors.map((author) => author.name ?? '…').join(', ')}]`);
  }
  if (paper.year !== undefined) filled.push(`year ${paper.year}`);
  if (paper.keywords !== undefined) filled.push(`keywords [${paper.keywords.join(', ')}]`);
  return filled.length > 0 ? filled.join(' | ') : '(nothing yet)';
}

async function main(): Promise<void> {
  let server: FakeOpenAIServer | undefined;
  let client: Instructor;
  if (process.env.OPENAI_API_KEY) {
    client = fromProvider('openai/gpt-4.1-mini');
  } else {
    server = await FakeOpenAIServer.start();
    // The stand-in model first writes a two-digit year, so the re-ask and the restart show too.
    const paper = {
      title: 'Attention Is All You Need',
      authors: [{ name: 'Ashish Vaswani' }, { name: 'Noam Shazeer' }],
      keywords: ['transformer', 'self-attention'],
    };
    server.reply(
      { toolCall: { name: 'Paper', arguments: { ...paper, year: 17 } } },
      { toolCall: { name: 'Paper', arguments: { ...paper, year: 2017 } } },
    );
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
    console.log(
      'NOTICE: OPENAI_API_KEY is not set; a local testing server stands in for the model.',
    );
  }

  client.on('parse:error', (error, attempt) =>
    console.log(`attempt ${attempt.attemptNumber} did not validate (${error.message}); re-asking`),
  );

  const problems: string[] = [];
  // The same object may be updated in place between values: keep copies, not references.
  const history: { attempt: number; snapshot: DeepPartial<Paper> }[] = [];
  let last: DeepPartial<Paper> | undefined;
  let shownNested = false;
  const stream = client.createPartial({
    messages: [{ role: 'user', content: `Describe the paper: ${text}` }],
    responseModel: Paper,
  });
  try {
    for await (const partial of stream) {
      console.log(`attempt ${stream.attemptNumber} | ${describe(partial)}`);
      if (!(partial instanceof Paper)) problems.push('a partial is not a Paper instance');
      const [firstAuthor] = partial.authors ?? [];
      if (firstAuthor && !shownNested) {
        console.log(
          `  (authors[0] is an ${firstAuthor.constructor.name} instance while streaming)`,
        );
        shownNested = true;
      }
      for (const author of partial.authors ?? []) {
        if (!(author instanceof Author)) problems.push('a partial author is not an Author');
      }
      history.push({ attempt: stream.attemptNumber, snapshot: structuredClone(partial) });
      last = partial;
    }
  } finally {
    await server?.stop();
  }

  const result = stream.result;
  if (!result) throw new Error('the stream ended without a result');
  console.log(`Validated after ${result.attempts} attempt(s):`, result.data);
  console.log(`${history.length} values, ${result.usage.total_tokens} tokens in all`);

  // The last value is the validated instance, with nested classes built by class-transformer.
  if (last !== result.data) problems.push('the last value is not the validated Paper');
  if (!(result.data.authors[0] instanceof Author)) problems.push('authors are not Authors');
  const attempts = history.map((entry) => entry.attempt);
  if (attempts.some((attempt, index) => attempt < (attempts[index - 1] ?? 1))) {
    problems.push(`attempt numbers went backwards: ${attempts.join(', ')}`);
  }
  if (server) {
    // Scripted: attempt 1 fails on `year`; attempt 2 starts the object over and succeeds.
    const restart = history.find((entry) => entry.attempt === 2);
    if (result.attempts !== 2 || !restart) problems.push(`attempts: ${attempts.join(', ')}`);
    if (restart?.snapshot.title !== undefined) problems.push('attempt 2 did not start over');
    if (result.data.year !== 2017) problems.push(`year ${result.data.year}`);
  }
  for (const problem of problems) console.error(`Unexpected: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
