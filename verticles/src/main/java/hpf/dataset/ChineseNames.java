package hpf.dataset;

import java.util.SplittableRandom;

/**
 * Names that look like the people and companies of a Chinese city: surnames by how common they are, given names of
 * one or two characters by sex, and company names of the form city + brand + trade + legal form.
 */
final class ChineseNames {

  private static final String[] SURNAMES = {
      "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
      "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
      "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
      "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
      "欧阳", "司马", "上官"};
  private static final double[] SURNAME_WEIGHTS;
  private static final String MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳晨志建国文博亮诚峰毅";
  private static final String FEMALE = "芳娜敏静丽艳娟霞秀玲桂英燕萍红琳雪倩婷慧佳怡欣悦琪颖晶洁雯蕾薇梅兰莉琴云丹媛";
  private static final String BRAND = "华信恒达宏鑫盛泰安源兴嘉联创新锐东海鹭海思明正德博远瑞丰金厦翔腾中天和润海峡";
  private static final String[] TRADES = {
      "科技", "网络科技", "软件", "电子", "贸易", "进出口", "供应链管理", "物流", "建设工程", "装饰工程", "物业服务", "餐饮管理",
      "酒店管理", "文化传媒", "教育咨询", "医疗器械", "生物科技", "食品", "服装", "机械设备", "新能源", "环保科技", "信息技术",
      "投资咨询", "汽车服务", "商贸"};
  private static final String[] FORMS = {"有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"};

  static {
    SURNAME_WEIGHTS = new double[SURNAMES.length];
    for (int i = 0; i < SURNAMES.length; i++) {
      // The common surnames are much more common than the rest (roughly Zipf-like).
      SURNAME_WEIGHTS[i] = 1.0 / (i + 3);
    }
    double sum = 0;
    for (int i = 0; i < SURNAME_WEIGHTS.length; i++) {
      sum += SURNAME_WEIGHTS[i];
      SURNAME_WEIGHTS[i] = sum;
    }
  }

  private ChineseNames() {}

  static String person(SplittableRandom random, boolean male) {
    String given = male ? MALE : FEMALE;
    StringBuilder name = new StringBuilder(SURNAMES[Draws.weighted(random, SURNAME_WEIGHTS)]);
    name.append(given.charAt(random.nextInt(given.length())));
    if (random.nextInt(10) < 7) {
      name.append(given.charAt(random.nextInt(given.length())));
    }
    return name.toString();
  }

  /**
   * A company name with a brand of {@code brandLength} characters (longer brands when the short ones are taken);
   * large employers are more often groups (集团).
   */
  static String employer(SplittableRandom random, boolean large, int brandLength) {
    StringBuilder brand = new StringBuilder(brandLength);
    for (int i = 0; i < brandLength; i++) {
      brand.append(BRAND.charAt(random.nextInt(BRAND.length())));
    }
    if (large && random.nextBoolean()) {
      return "厦门" + brand + "集团有限公司";
    }
    return "厦门" + brand + TRADES[random.nextInt(TRADES.length)] + FORMS[random.nextInt(FORMS.length)];
  }
}
