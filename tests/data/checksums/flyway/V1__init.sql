create table migrations.test_table(
    id VARCHAR (16) NOT NULL,
    env VARCHAR (16) NOT NULL,
    text_variable VARCHAR (16) NOT NULL,
    PRIMARY KEY (id)
);