"""The only package that speaks SQL: engines, tables, repositories, migrations."""
