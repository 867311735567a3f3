-- framework: sequelize
-- state: healthy
-- applied: 20240101120000-create-user.js, 20240215093000-add-phone.js

-- `sequelize-cli db:migrate`: the SequelizeMeta model's table, one row per
-- applied migration file name.
CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY ("name"));
INSERT INTO "SequelizeMeta" ("name") VALUES ('20240215093000-add-phone.js'), ('20240101120000-create-user.js');

CREATE TABLE "Users" ("id" SERIAL PRIMARY KEY, "email" VARCHAR(255) NOT NULL, "phone" VARCHAR(255));
