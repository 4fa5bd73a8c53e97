// A small app entry of the tests' own, loaded by the local host as it loads package.json main:
// a timer on a %SETTING% schedule and a queue trigger that throws on its first delivery.
import { app } from "@azure/functions";

app.timer("fixtureTimer", {
  schedule: "%FIXTURE_SCHEDULE%",
  handler: (timer, context) => {
    // The clock when it ran, so a test can tell the occurrence firing from the one after it.
    context.info(`timer fired at ${Date.now()} ${JSON.stringify(timer)}`);
  },
});

app.serviceBusQueue("fixtureQueue", {
  connection: "FixtureServiceBus",
  queueName: "%FIXTURE_QUEUE%",
  handler: (message, context) => {
    const deliveryCount = Number(context.triggerMetadata?.deliveryCount);
    context.info(`got ${JSON.stringify(message)} on delivery ${deliveryCount}`);
    if (deliveryCount < 2) throw new Error("first delivery fails");
  },
});
