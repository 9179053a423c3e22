"""The site itself (app label "pina"): the site settings record staff edit, the home page, the
error pages, robots.txt and the health check, the language links, the sitemap of the site's own
pages, the template tags every page uses, and `load_demo`, which asks each installed app for its
demo content."""
