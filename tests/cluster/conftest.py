import pytest

from tests.cluster.cluster import Cluster, drop_database, requirements
from tests.servers import s3_server


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """The scale-out stack on loopback, up for the whole module: see tests/cluster/cluster.py."""
    requirements()
    workdir = tmp_path_factory.mktemp("cluster")
    with s3_server(workdir) as endpoint:
        stack = Cluster(workdir=workdir, s3_endpoint=endpoint)
        try:
            stack.up()
            yield stack
        finally:
            stack.down()
            drop_database()
