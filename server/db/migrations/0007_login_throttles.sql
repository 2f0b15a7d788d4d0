CREATE TABLE "login_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid,
	"username" text,
	"ip" text,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "login_throttles_id_key" ON "login_throttles" USING btree ("id");--> statement-breakpoint
CREATE INDEX "login_throttles_org_idx" ON "login_throttles" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "login_throttles_ip_idx" ON "login_throttles" USING btree ("ip");