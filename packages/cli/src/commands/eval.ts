/**
 * `llm eval` — score predictions against references with one of @llm/eval-metrics' metrics.
 *
 *   $ llm eval --metric f1 --predictions pred.txt --references gold.txt --options '{"average":"macro"}'
 *   {"metric":"f1","examples":120,"value":0.8125}
 *
 * A file is plain text, one example a line, or `.jsonl`, one JSON value a line (a list of
 * strings where several references are allowed; blank lines skipped). Each metric turns
 * the values into its own input (class labels, sentences, tag sequences, numbers).
 */
import { readFileSync } from 'node:fs';
import { type AnyMetric, getMetric, MetricError, metrics } from '@llm/eval-metrics';
import { defineCommand } from '../command.js';
import { CliError, UsageError } from '../errors.js';

export const evalCommand = defineCommand({
  name: 'eval',
  summary: 'Score predictions against references with a metric; print the result as JSON.',
  description:
    'Reads two files with one example a line: plain text, or .jsonl (a JSON value a line,\n' +
    'a list of strings for several references). Prints one JSON line\n' +
    '{"metric":NAME,"examples":N,"value":...}.\n\n' +
    `Metrics: ${Object.keys(metrics).join(', ')}.`,
  options: {
    metric: {
      type: 'string',
      description: 'the metric to compute',
      valueName: 'NAME',
      required: true,
    },
    predictions: {
      type: 'string',
      description: 'predictions, one a line (.txt) or a JSON value a line (.jsonl)',
      valueName: 'FILE',
      required: true,
    },
    references: {
      type: 'string',
      description: 'references, in the same order and format rules',
      valueName: 'FILE',
      required: true,
    },
    options: {
      type: 'string',
      description: 'the metric\'s options as a JSON object, e.g. \'{"average":"macro"}\'',
      valueName: 'JSON',
    },
  },
  run({ options, io }) {
    const metric = findMetric(options.metric);
    const accumulator = createAccumulator(metric, options.options);
    const predictions = readExamples(options.predictions, (v) => metric.parsePrediction(v));
    const references = readExamples(options.references, (v) => metric.parseReference(v));
    if (predictions.length !== references.length) {
      throw new CliError(
        `'${options.predictions}' has ${predictions.length} examples but '${options.references}' has ${references.length}; they must pair up line by line`,
      );
    }
    if (predictions.length === 0) throw new CliError(`'${options.predictions}' holds no examples`);
    let value: unknown;
    try {
      value = accumulator.add(predictions, references).compute();
    } catch (error) {
      if (error instanceof MetricError) throw new CliError(error.message);
      throw error;
    }
    io.out(`${JSON.stringify({ metric: metric.name, examples: predictions.length, value })}\n`);
    return 0;
  },
});

function findMetric(name: string): AnyMetric {
  try {
    return getMetric(name);
  } catch (error) {
    // An unknown name is a bad command line, like an unknown command.
    if (error instanceof MetricError) throw new UsageError(error.message);
    throw error;
  }
}

function createAccumulator(metric: AnyMetric, json: string | undefined) {
  let parsed: unknown;
  if (json !== undefined) {
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new UsageError(`--options is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return metric.create(parsed as Record<string, unknown> | undefined);
  } catch (error) {
    if (error instanceof MetricError) throw new UsageError(`--options: ${error.message}`);
    throw error;
  }
}

/** The examples of one file, each through `parse`; a bad line names the file and line number. */
function readExamples<T>(path: string, parse: (value: unknown) => T): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new CliError(`cannot read '${path}': ${why}`);
  }
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop(); // the newline that ends the last line
  const jsonl = path.endsWith('.jsonl');
  const out: T[] = [];
  for (const [i, line] of lines.entries()) {
    const where = `${path}:${i + 1}`;
    let value: unknown = line;
    if (jsonl) {
      if (line.trim() === '') continue;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new CliError(`${where}: invalid JSON (${(error as Error).message})`);
      }
    }
    try {
      out.push(parse(value));
    } catch (error) {
      if (error instanceof MetricError) throw new CliError(`${where}: ${error.message}`);
      throw error;
    }
  }
  return out;
}
