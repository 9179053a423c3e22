"""Building blocks of content models and their admin: the sanitized rich-text field and its plain
text, slugs in three scripts, paging that stays cheap on deep pages, admin list columns, the
rich-text editor's image upload, and the command that builds country names."""
