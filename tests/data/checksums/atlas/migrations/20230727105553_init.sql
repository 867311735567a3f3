CREATE TABLE t1 ( c1 int );
