import { Client, Connection } from '@temporalio/client';
// CommonJS module: ESM sees only its default export.
import proto from '@temporalio/proto';

/**
 * A client connection that connects on first use, so a process can start (and report
 * itself not ready) while Temporal is still coming up.
 */
export function createTemporalClient(address: string, namespace: string): { connection: Connection; client: Client } {
  const connection = Connection.lazy({ address });
  return { connection, client: new Client({ connection, namespace }) };
}

/** Fails unless the Temporal frontend answers and knows the namespace within `timeoutMs`. */
export async function pingTemporal(connection: Connection, namespace: string, timeoutMs: number): Promise<void> {
  await connection.withDeadline(Date.now() + timeoutMs, () =>
    connection.workflowService.describeNamespace({ namespace }),
  );
}

const { IndexedValueType } = proto.temporal.api.enums.v1;
/** Our attributes' types (SearchAttributeType) as the server's indexed value types. */
const INDEXED_TYPES: Readonly<Record<string, number>> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/**
 * Registers search attributes (keyword or int) on an existing server (the dev server gets them from
 * its command line instead). Attributes that already exist are kept.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly { name: string; type: string }[],
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = keys.filter((key) => !customAttributes[key.name]);
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, INDEXED_TYPES[key.type] ?? INDEXED_TYPES.KEYWORD!]),
    ),
  });
}
