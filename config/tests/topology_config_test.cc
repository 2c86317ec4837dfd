// REDIS_TESTKIT_TOPOLOGY, REDIS_TESTKIT_CLUSTER_MASTERS, REDIS_TESTKIT_CLUSTER_REPLICAS.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "config_from_env.h"
#include "redis_testkit/config.h"

namespace redis_testkit {
namespace {

using testing::Env;
using testing::ErrorOf;
using testing::Load;

TEST(TopologyConfig, DefaultsToOneServerAndThreeMastersWithoutReplicas) {
  const ServerConfig server = Load({}).server;
  EXPECT_EQ(server.topology, Topology::kStandalone);
  EXPECT_EQ(server.cluster_masters, 3);
  EXPECT_EQ(server.cluster_replicas, 0);
}

TEST(TopologyConfig, ReadsTheThreeVariables) {
  const ServerConfig server = Load({{"REDIS_TESTKIT_TOPOLOGY", " Cluster "},
                                    {"REDIS_TESTKIT_CLUSTER_MASTERS", "5"},
                                    {"REDIS_TESTKIT_CLUSTER_REPLICAS", "1"}})
                                  .server;
  EXPECT_EQ(server.topology, Topology::kCluster);
  EXPECT_EQ(server.cluster_masters, 5);
  EXPECT_EQ(server.cluster_replicas, 1);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_TOPOLOGY", "standalone"}}).server.topology,
            Topology::kStandalone);
  EXPECT_EQ(Load({{"REDIS_TESTKIT_CLUSTER_MASTERS", "1"}}).server.cluster_masters, 1);
}

TEST(TopologyConfig, BadValuesNameTheVariableAndTheAcceptedValues) {
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_TOPOLOGY", "sentinel"}}),
            "REDIS_TESTKIT_TOPOLOGY=\"sentinel\" is not a topology; accepted: standalone, cluster");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_CLUSTER_MASTERS", "0"}}),
            "REDIS_TESTKIT_CLUSTER_MASTERS=\"0\" is not a number of masters; use a whole number "
            "from 1 to 64");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_CLUSTER_MASTERS", "three"}}),
            "REDIS_TESTKIT_CLUSTER_MASTERS=\"three\" is not a number of masters; use a whole "
            "number from 1 to 64");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_CLUSTER_REPLICAS", "-1"}}),
            "REDIS_TESTKIT_CLUSTER_REPLICAS=\"-1\" is not a number of replicas per master; use a "
            "whole number from 0 to 4");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_CLUSTER_REPLICAS", "5"}}),
            "REDIS_TESTKIT_CLUSTER_REPLICAS=\"5\" is not a number of replicas per master; use a "
            "whole number from 0 to 4");
}

TEST(TopologyConfig, ClusterRefusesAnExternalServerAndAnotherDatabase) {
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_TOPOLOGY", "cluster"}, {"REDIS_TESTKIT_URL", "redis://h"}}),
            "REDIS_TESTKIT_TOPOLOGY=cluster needs a runtime that starts the nodes (process, "
            "podman, docker or auto), not an external server (REDIS_TESTKIT_URL): unset one of "
            "the two");
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_TOPOLOGY", "cluster"}, {"REDIS_TESTKIT_DB", "2"}}),
            "REDIS_TESTKIT_DB=2 with REDIS_TESTKIT_TOPOLOGY=cluster: Redis Cluster has database 0 "
            "only; unset REDIS_TESTKIT_DB");
  EXPECT_EQ(Load({{"REDIS_TESTKIT_TOPOLOGY", "cluster"}, {"REDIS_TESTKIT_DB", "0"}}).server.db, 0);
  EXPECT_EQ(ErrorOf({{"REDIS_TESTKIT_DB", "2"}}), "");  // standalone: any database
}

TEST(TopologyConfig, NamesRoundTrip) {
  for (Topology topology : {Topology::kStandalone, Topology::kCluster}) {
    EXPECT_EQ(ParseTopology(ToString(topology)), topology);
  }
  EXPECT_THROW(ParseTopology("ring", "--topology"), ConfigError);
}

TEST(TopologyConfig, TheVariablesAreDocumented) {
  int found = 0;
  for (const VariableDoc& doc : Variables()) {
    if (doc.name == "REDIS_TESTKIT_TOPOLOGY" || doc.name == "REDIS_TESTKIT_CLUSTER_MASTERS" ||
        doc.name == "REDIS_TESTKIT_CLUSTER_REPLICAS") {
      ++found;
    }
  }
  EXPECT_EQ(found, 3);
}

}  // namespace
}  // namespace redis_testkit
