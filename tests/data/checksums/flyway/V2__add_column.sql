alter table migrations.test_table
add added_column varchar(16);