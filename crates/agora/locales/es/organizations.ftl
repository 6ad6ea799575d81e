# organizations
