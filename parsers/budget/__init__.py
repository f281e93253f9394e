"""Budget tables of a 部门预算 or 决算 (收支总表, 功能科目 and 经济科目 tables, 三公 …): blocks → raw records."""
