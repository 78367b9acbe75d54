// `tsx scripts/set-webhook.ts [--delete]`: points Telegram at WEBHOOK_URL (+ /telegram/webhook) with
// WEBHOOK_SECRET, or removes the webhook (back to long polling). Reads the same configuration as the server.
import { Api } from "grammy";
import { loadConfig } from "../api/src/config.ts";
import { webhookTarget } from "../bot/src/feature.ts";

const config = loadConfig();
const { token, apiRoot, webhookUrl, webhookSecret } = config.telegram;
if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set");
const api = new Api(token, { apiRoot });
if (process.argv.includes("--delete")) {
  await api.deleteWebhook();
  console.log("webhook deleted");
} else {
  if (!webhookUrl || !webhookSecret) throw new Error("WEBHOOK_URL and WEBHOOK_SECRET are required");
  const url = webhookTarget(webhookUrl);
  await api.setWebhook(url, {
    secret_token: webhookSecret,
    allowed_updates: ["message", "callback_query", "my_chat_member"],
  });
  console.log(`webhook set: ${url}`);
  console.log(await api.getWebhookInfo());
}
