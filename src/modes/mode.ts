/** How the model is asked for structured output. Values match Python instructor's. */
export enum Mode {
  /** One forced function tool whose parameters are the schema (default). */
  TOOLS = 'tool_call',
  /** Like TOOLS, with `strict: true` and an OpenAI-strict schema. */
  TOOLS_STRICT = 'tools_strict',
  /** `response_format: json_object`, the schema in the system prompt. */
  JSON = 'json_mode',
  /** OpenAI native structured outputs: `response_format: json_schema` with `strict: true`. */
  JSON_SCHEMA = 'json_schema_mode',
  /** The schema in the system prompt; the answer is read from a ```json fence. */
  MD_JSON = 'markdown_json_mode',
  /** One tool per model class, several calls in one reply (`createIterable`). */
  PARALLEL_TOOLS = 'parallel_tool_call',
}
