-- One database per service; each service owns its tables through its own Flyway migrations.
CREATE DATABASE integration_requests;
CREATE DATABASE sync_fetcher;
CREATE DATABASE roster_writer;
CREATE DATABASE sso_gateway;
