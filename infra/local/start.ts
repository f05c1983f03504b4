/**
 * `npm start`: the whole Keyward service on this machine (DESIGN section 10). Settings from the environment:
 * PORT (default 8080), KEYWARD_DIR (default .keyward), KEYWARD_DEV_ACCOUNT (default 1234567890123456),
 * KEYWARD_ACCESS_KEY_ID and KEYWARD_ACCESS_KEY_SECRET (fix the development AccessKey), KEYWARD_REGION.
 */
import { resolve } from "node:path";
import { isKmsError } from "../../core/errors";
import { startLocalStack } from "./localStack";

const dir = resolve(process.env.KEYWARD_DIR || ".keyward");
const port = Number(process.env.PORT || 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}".`);
  process.exit(2);
}
const accountId = process.env.KEYWARD_DEV_ACCOUNT || "1234567890123456";
// A setting Keyward refuses (an AccessKey id of the wrong form, say) is reported in one line, not a stack trace.
const stack = await startLocalStack({
  dir,
  port,
  ...(process.env.KEYWARD_REGION ? { region: process.env.KEYWARD_REGION } : {}),
  account: {
    accountId,
    ...(process.env.KEYWARD_ACCESS_KEY_ID ? { accessKeyId: process.env.KEYWARD_ACCESS_KEY_ID } : {}),
    ...(process.env.KEYWARD_ACCESS_KEY_SECRET ? { secret: process.env.KEYWARD_ACCESS_KEY_SECRET } : {}),
  },
}).catch((error: unknown) => {
  if (!isKmsError(error)) throw error;
  console.error(`Keyward did not start: ${error.message}`);
  process.exit(2);
});

const host = stack.url.replace(/^http:\/\//, "");
console.log(`Keyward is listening on ${stack.url}   (data in ${dir})

  Account           ${stack.accessKey.accountId}
  AccessKeyId       ${stack.accessKey.accessKeyId}
  AccessKeySecret   ${stack.accessKey.secret}
  HSM               ${stack.hsm}

Try it with the official SDK (npm i @alicloud/kms20160120@1.2.0 @alicloud/rpc-client@1.3.2), in a .js file:

  const $Kms = require("@alicloud/kms20160120"), { Config } = require("@alicloud/rpc-client");
  (async () => {
    const kms = new $Kms.default(new Config({ endpoint: "${host}", protocol: "http", regionId: "cn-hangzhou",
      accessKeyId: "${stack.accessKey.accessKeyId}", accessKeySecret: "${stack.accessKey.secret}" }));
    const { keyMetadata } = await kms.createKey(new $Kms.CreateKeyRequest({}));
    const { ciphertextBlob } = await kms.encrypt(new $Kms.EncryptRequest({ keyId: keyMetadata.keyId, plaintext: "hello" }));
    console.log(ciphertextBlob);
  })();

or with the CLI:  npm run keyward -- call CreateKey --dir ${dir}
Ctrl-C stops it; the data stays in ${dir}.`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Keyward...`);
  try {
    await stack.stop();
    process.exit(0);
  } catch (error) {
    console.error("Keyward did not stop cleanly:", error);
    process.exit(1);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
