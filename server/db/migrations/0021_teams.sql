CREATE TABLE "teams" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
DROP VIEW "public"."people_v";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "teams_org_name_key" ON "teams" USING btree ("org_id","name");--> statement-breakpoint
-- Each organisation's free-text team names become its teams; every user keeps theirs.
INSERT INTO "teams" ("org_id", "id", "name") SELECT "org_id", gen_random_uuid(), "name" FROM (SELECT DISTINCT "org_id", btrim("team") AS "name" FROM "users" WHERE btrim(coalesce("team", '')) <> '') AS "named";--> statement-breakpoint
UPDATE "users" SET "team_id" = "teams"."id" FROM "teams" WHERE "teams"."org_id" = "users"."org_id" AND "teams"."name" = btrim("users"."team");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_team_id_teams_org_id_id_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE VIEW "public"."people_v" AS (select "users"."org_id", "users"."id", "users"."username", "users"."name", "users"."role", "users"."phone", "teams"."name" as "team", "users"."team_id", "users"."grade", "users"."employment_status", "users"."customer_id", "users"."contractor_id", "users"."active" from "users" left join "teams" on ("teams"."org_id" = "users"."org_id" and "teams"."id" = "users"."team_id"));