/** The JSON types an argument may take. */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean';

/** The JSON Schema of one argument: the subset of keywords the generator writes. */
export interface ArgumentSchema {
  /** One type, or several when the server understands loose forms too (`["integer", "string"]`); none when anything goes. */
  type?: JsonType | JsonType[];
  description: string;
  enum?: Array<string | number>;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  /** Values the server accepts; the e2e drift test calls every tool with them. */
  examples?: Array<string | number | boolean>;
}

/** The JSON Schema of a tool's `args` object. */
export interface ArgsSchema {
  type: 'object';
  properties: Record<string, ArgumentSchema>;
  /** Exactly the arguments the server asks the caller for when they are missing (@AskFor). */
  required: string[];
  /** Unknown arguments are ignored by the server; false tells the model not to invent any. */
  additionalProperties: false;
}

/** One tool as voice platforms declare a function (OpenAI-style, as Vapi and Retell take it). */
export interface ToolDefinition {
  type: 'function';
  function: {
    name: string;
    description: string;
    parameters: ArgsSchema;
  };
}

/** The answer of GET /api/webhooks/ai-tools/definitions. */
export interface ToolDefinitions {
  tools: ToolDefinition[];
}
